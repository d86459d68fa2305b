"""The match score: 0–100 for one person and every open job at once, with a breakdown.

Components, each 0–1 (or unknown when a side says nothing):

- skills: share of the job's skills the person has, each skill weighted by how telling it is
  (rare across postings: high; a soft skill or a language: low); required skills weigh 1,
  nice-to-haves 0.4, and a skill the taxonomy lists as related to one the person has counts
  0.6;
- title: how close the job title is to the person's target role and past titles;
- text: cosine similarity of the resume's and the posting's words (TF-IDF);
- seniority: the job's rank against the person's, stepping up one rank is fine, down a little;
- experience: years the person has against years the posting asks;
- location: same city, same country, remote, and the person's remote preference;
- salary: the posting's top of range against the person's minimum.

Relevance says whether this is the person's kind of job at their level: an ordinal model
(fitted on graded resume × posting pairs, see `bench/jobs/fit_matching.py`) reads the title,
the required and all skills, the words, how the fields of work of the two skill sets agree,
the distance in rank, and missing licences and certifications, and gives the expected grade
(0 no fit … 3 strong fit). Relevance is that grade over 3, so the same score means the same
expected grade for everyone. Fit (location, salary) says whether the details work:
score = 100 × relevance × ((1 − w) + w × fit), with w larger when the person stated where and
how they want to work than when a place was only read off their resume.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from core.jobs.families import FAMILIES, families_of, family_vector
from core.jobs.features import reference_texts, term_weights
from core.jobs.index import REMOTE_CODE, JobIndex, index_jobs, title_vector
from core.jobs.model import SENIORITY_LEVELS
from core.jobs.money import Salary
from core.jobs.places import city_key, country_name, parse_location, place_without_mode
from core.jobs.posting_text import LEVEL
from core.jobs.profile import CandidateProfile
from core.jobs.repository import Job
from core.jobs.text import GENERIC_TITLE_WORDS, title_tokens
from core.jobs.views import Breakdown, Match
from core.once import once
from core.skills.taxonomy import category as skill_category
from core.skills.taxonomy import related as taxonomy_related

REQUIRED_WEIGHT = 1.0
NICE_WEIGHT = 0.4
RELATED_CREDIT = 0.6
FIT_WEIGHTS = {"location": 0.65, "salary": 0.35}
# How much fit can take off: where the person said where and how they want to work, and where
# a place was only read off their resume.
FIT_INFLUENCE_STATED = 0.45
FIT_INFLUENCE_INFERRED = 0.2
COMPONENTS = ("skills", "title", "text", "seniority", "experience", "location", "salary")
# The relevance model's inputs (components, 0..1 or counts) and weights, and the cut points of
# the grades 1, 2 and 3 on its scale. Fitted on the dev split of corpora/matching by
# `python -m bench.jobs.fit_matching`, which also reports cross-validated figures.
RELEVANCE_FEATURES = (
    "title", "family", "skillsRequired", "skills", "text", "field", "seniorityGap",
    "seniorityFar", "credentialsMissing",
)  # fmt: skip
RELEVANCE_WEIGHTS = (1.017, 3.114, 1.498, 1.583, 1.698, 1.562, -0.037, 0.138, -0.352)
GRADE_CUTS = (4.829, 7.264, 8.622)
# The rubric caps a pair one rank off at "plausible" and two or more ranks off at "weak". Ranks
# read off titles and years are rough, so the caps are softened: the expected grade is held to
# these (chosen on the dev split, where they cost nothing in cross-validation).
GRADE_CAP_ONE_RANK_OFF = 2.8
GRADE_CAP_TWO_RANKS_OFF = 2.2
# Unknown inputs (a posting that names no skill, a person with no titles) read as these.
NEUTRAL = {
    "title": 0.0, "family": 0.0, "skillsRequired": 0.3, "skills": 0.3, "text": 0.0, "field": 0.0,
}  # fmt: skip
# Categories that say nothing about a field of work.
_FIELDLESS = frozenset({"Soft Skills", "Languages", "Office & Productivity", "Certifications"})
# Location fit of a job in another country than the person's, on site or remote.
ABROAD_FIT = 0.1
# Title fit from which a title is said to match, when it names the same job.
TITLE_MATCH = 70
# Raw cosine of a resume and a posting rarely passes 0.4 even for a perfect match.
TEXT_FULL_MARKS = 0.35
# Job rank minus the person's rank -> fit. Index 6 is "same rank"; one rank up is the usual
# next move, one down fits a little less, and the reason line says which it is.
_SENIORITY_FIT = np.array([0.05, 0.05, 0.1, 0.25, 0.5, 0.8, 1.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.05],
                          dtype=np.float32)  # fmt: skip
_SENIORITY_OFFSET = 6


@lru_cache(maxsize=8192)
def related(skill: str) -> tuple[str, ...]:
    """Skills the taxonomy relates to `skill` (cached: the taxonomy walks every skill)."""
    return tuple(taxonomy_related(skill))


@dataclass
class SkillTables:
    """What an index's skill columns mean for scoring, derived from the jobs' stored skills
    (nothing here is stored with a job): how telling each skill is, which are credentials,
    and each job's field of work as a unit vector over skill categories."""

    weight: np.ndarray  # per skill column
    credential: np.ndarray  # per skill column, 1.0 for licences and certifications
    field_of: np.ndarray  # per skill column: index into `categories`, -1 for none
    categories: list[str]
    fields: np.ndarray  # jobs × categories, unit rows (zero rows for jobs without skills)
    # jobs × _MAX_FAMILIES: the occupation families each title names (index into FAMILIES),
    # padded with len(FAMILIES), which reads as "no family"
    families: np.ndarray
    required_weight: np.ndarray  # per job
    nice_weight: np.ndarray  # per job


_MAX_FAMILIES = 3  # a title rarely names more ("Logistics Program Manager": two)
_CREDENTIAL_WORDS = ("License", "Licence", "Licensed", "Registered", "Certified", "Certification")
_tables_lock = threading.Lock()
_tables: dict[int, tuple[weakref.ref[JobIndex], SkillTables]] = {}


def skill_tables(index: JobIndex) -> SkillTables:
    """The index's skill tables, built once per index and dropped with it."""
    key = id(index)
    found = _tables.get(key)
    if found is not None and found[0]() is index:
        return found[1]
    tables = _build_tables(index)
    with _tables_lock:
        _tables[key] = (weakref.ref(index, lambda _: _tables.pop(key, None)), tables)
    return tables


def _build_tables(index: JobIndex) -> SkillTables:
    n_skills = max(len(index.skill_vocab), 1)
    weight = np.ones(n_skills, dtype=np.float32)
    credential = np.zeros(n_skills, dtype=np.float32)
    field_of = np.full(n_skills, -1, dtype=np.int32)
    categories: list[str] = []
    cat_index: dict[str, int] = {}
    for name, col in index.skill_vocab.items():
        weight[col] = skill_weight(name)
        cat = skill_category(name) or ""
        if cat == "Certifications" or any(w in name for w in _CREDENTIAL_WORDS):
            credential[col] = 1.0
        if cat and cat not in _FIELDLESS:
            field_of[col] = cat_index.setdefault(cat, len(categories))
            if field_of[col] == len(categories):
                categories.append(cat)
    # Jobs × categories: the weights of each job's skills, summed per category.
    onto = np.zeros((n_skills, max(len(categories), 1)), dtype=np.float32)
    known = field_of >= 0
    onto[np.flatnonzero(known), field_of[known]] = weight[known]
    fields = np.asarray((index.required + NICE_WEIGHT * index.nice) @ onto, dtype=np.float32)
    norms = np.linalg.norm(fields, axis=1, keepdims=True)
    fields = np.divide(fields, norms, out=np.zeros_like(fields), where=norms > 0)
    families = np.full((index.size, _MAX_FAMILIES), len(FAMILIES), dtype=np.int8)
    for row, summary in enumerate(index.summaries):
        named = sorted(FAMILIES.index(f) for f in families_of(str(summary.get("title") or "")))
        families[row, : min(len(named), _MAX_FAMILIES)] = named[:_MAX_FAMILIES]
    return SkillTables(
        weight=weight,
        families=families,
        credential=credential,
        field_of=field_of,
        categories=categories,
        fields=fields,
        required_weight=np.asarray(index.required @ weight, dtype=np.float32).ravel(),
        nice_weight=np.asarray(index.nice @ weight, dtype=np.float32).ravel(),
    )


def skill_weight(name: str) -> float:
    """How telling a skill is when two people or two jobs share it: its inverse document
    frequency over a fixed reference catalogue (the bundled demo postings, so a score never
    moves because other jobs were ingested); soft skills and languages count a third."""
    df, n = _reference_skill_counts()
    value = math.log((1 + n) / (1 + df.get(name, 0))) + 1.0
    if skill_category(name) in ("Soft Skills", "Languages"):
        value /= 3
    return value


@once
def _reference_skill_counts() -> tuple[Counter[str], int]:
    from core.skills.taxonomy import extract_skills

    df: Counter[str] = Counter()
    docs = reference_texts()
    for text in docs:
        df.update(set(extract_skills(text)))
    return df, len(docs)


@dataclass
class ProfileVectors:
    """A profile expressed in one index's vocabularies."""

    have: np.ndarray
    related: np.ndarray
    field: np.ndarray  # unit vector over the index's skill categories
    family: np.ndarray  # per occupation family: how close the person's titles are to it
    titles: list[tuple[float, np.ndarray]]
    terms: np.ndarray | None
    level: int
    years: float | None
    city: int
    country: int
    accepted_cities: np.ndarray
    remote_pref: str
    min_usd: float | None
    skills: set[str]


def _dense(vocab: dict[str, int], weights: dict[str, float]) -> np.ndarray:
    v = np.zeros(max(len(vocab), 1), dtype=np.float32)
    for key, w in weights.items():
        i = vocab.get(key)
        if i is not None:
            v[i] = w
    return v


def profile_vectors(index: JobIndex, profile: CandidateProfile) -> ProfileVectors:
    skills = set(profile.skills)
    have = _dense(index.skill_vocab, {s: 1.0 for s in skills})
    rel: dict[str, float] = {}
    for s in skills:
        for r in related(s):
            if r not in skills:
                rel[r] = 1.0
    titles = [
        (w, _dense(index.title_vocab, title_vector(title_tokens(t))))
        for w, t, _ in _compared_titles(profile)
    ]
    terms = _dense(index.term_vocab, term_weights(profile.text)) if profile.text.strip() else None
    place = parse_location(profile.location)
    ck = city_key(place.city)
    accepted = {city_key(parse_location(loc).city or loc) for loc in profile.locations}
    accepted.discard("")
    if ck:
        accepted.add(ck)
    floor = profile.salary_floor()
    min_usd = floor.annual_usd()[0] if floor else None
    tables = skill_tables(index)
    return ProfileVectors(
        have=have,
        related=_dense(index.skill_vocab, rel),
        field=_field_vector(tables, skills),
        family=np.asarray(family_vector(_weighted_titles(profile)), dtype=np.float32),
        titles=titles,
        terms=terms,
        level=profile.level(),
        years=profile.years,
        # -2: the person did not say; -3: they did, and no job of the index is there.
        city=index.city_vocab.get(ck, -3) if ck else -2,
        country=index.country_vocab.get(place.country, -3) if place.country else -2,
        accepted_cities=np.asarray(
            [index.city_vocab[c] for c in accepted if c in index.city_vocab], dtype=np.int32
        ),
        remote_pref=profile.remote,
        min_usd=min_usd,
        skills=skills,
    )


def _compared_titles(profile: CandidateProfile) -> list[tuple[float, str, bool]]:
    """The titles a job title is compared with, each with its weight and whether it is the
    target role: the target counts fully, the latest title a little less, older ones less."""
    titles = [(1.0, profile.target_role, True)] if profile.target_role else []
    titles += [(0.85 if i == 0 else 0.65, t, False) for i, t in enumerate(profile.titles[:4])]
    return titles


def _weighted_titles(profile: CandidateProfile) -> list[tuple[float, str]]:
    titles = [(1.0, profile.target_role)] if profile.target_role else []
    titles += [(1.0 if i == 0 else 0.8, t) for i, t in enumerate(profile.titles[:4])]
    return titles


def _field_vector(tables: SkillTables, skills: set[str]) -> np.ndarray:
    """The person's field of work over the index's categories (unit length), from their skills
    whatever the index lists."""
    v = np.zeros(max(len(tables.categories), 1), dtype=np.float32)
    where = {c: i for i, c in enumerate(tables.categories)}
    for name in skills:
        i = where.get(skill_category(name) or "")
        if i is not None:
            v[i] += skill_weight(name)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def components(
    index: JobIndex, pv: ProfileVectors, rows: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Every component for the given rows (default all), as float32 arrays with NaN where
    unknown."""
    sel = slice(None) if rows is None else rows
    n = index.size if rows is None else len(rows)
    nan = np.float32(np.nan)
    # Slicing a sparse matrix copies it: for all rows, use the index's own.
    R = index.required if rows is None else index.required[sel]
    N = index.nice if rows is None else index.nice[sel]
    out: dict[str, np.ndarray] = {}

    # skills: weighted coverage, all listed skills and the required ones alone
    tables = skill_tables(index)
    credit = (pv.have + RELATED_CREDIT * pv.related) * tables.weight
    req_have = R @ credit
    nice_have = N @ credit
    req_w = tables.required_weight[sel]
    denom = REQUIRED_WEIGHT * req_w + NICE_WEIGHT * tables.nice_weight[sel]
    with np.errstate(invalid="ignore", divide="ignore"):
        skills = (REQUIRED_WEIGHT * req_have + NICE_WEIGHT * nice_have) / denom
        required = req_have / req_w
    # Coverage is concave: half the listed skills already makes a credible applicant.
    skills = np.where(denom > 0, np.sqrt(np.clip(skills, 0.0, 1.0)), nan)
    required = np.where(req_w > 0, np.sqrt(np.clip(required, 0.0, 1.0)), nan)
    if not pv.skills:
        skills = np.full(n, nan, dtype=np.float32)
        required = np.full(n, nan, dtype=np.float32)
    out["skills"] = skills.astype(np.float32)
    out["skillsRequired"] = required.astype(np.float32)
    # how much the fields of work of the two skill sets agree (cosine of category mixes)
    out["field"] = np.asarray(tables.fields[sel] @ pv.field, dtype=np.float32).reshape(n)
    # the occupation family of the job title against the person's titles
    if pv.titles or pv.family.any():
        closeness = np.append(pv.family, np.float32(0.0))  # the padding reads as no family
        out["family"] = closeness[tables.families[sel]].max(axis=1).astype(np.float32)
    else:
        out["family"] = np.full(n, nan, dtype=np.float32)
    # licences and certifications the job requires and the person does not show
    missing_credentials = tables.credential * (1.0 - np.minimum(pv.have, 1.0))
    out["credentialsMissing"] = np.asarray(R @ missing_credentials, dtype=np.float32).reshape(n)

    # title
    if pv.titles:
        # All of the person's titles in one product: (jobs × words) @ (words × titles).
        weights = np.asarray([w for w, _ in pv.titles], dtype=np.float32)
        stacked = np.stack([vec for _, vec in pv.titles], axis=1)
        sims = np.asarray(index.titles[sel] @ stacked) * weights
        out["title"] = np.minimum(sims.max(axis=1), 1.0).astype(np.float32)
    else:
        out["title"] = np.full(n, nan, dtype=np.float32)

    # text
    if pv.terms is not None:
        cos = index.terms[sel] @ pv.terms
        out["text"] = np.minimum(np.sqrt(np.maximum(cos, 0) / TEXT_FULL_MARKS), 1.0).astype(
            np.float32
        )
    else:
        out["text"] = np.full(n, nan, dtype=np.float32)

    # seniority
    gap = index.level[sel].astype(np.int16) - pv.level
    diff = gap + _SENIORITY_OFFSET
    out["seniority"] = _SENIORITY_FIT[np.clip(diff, 0, len(_SENIORITY_FIT) - 1)]
    out["seniorityGap"] = np.abs(gap).astype(np.float32)
    out["seniorityFar"] = (np.abs(gap) >= 2).astype(np.float32)

    # experience
    asked = index.years_min[sel]
    if pv.years is None:
        out["experience"] = np.full(n, nan, dtype=np.float32)
    else:
        gap = np.maximum(asked - pv.years, 0)
        exp = 1.0 - gap / np.maximum(asked, 2.0)
        out["experience"] = np.where(np.isnan(asked), nan, np.clip(exp, 0, 1)).astype(np.float32)

    # location
    out["location"] = _location(index, pv, sel, n)

    # salary
    if pv.min_usd:
        hi = index.salary_hi_usd[sel]
        lo = index.salary_lo_usd[sel]
        offered = np.where(np.isnan(hi), lo, hi)
        ratio = offered / pv.min_usd
        sal = np.clip((ratio - 0.7) / 0.3, 0, 1)
        out["salary"] = np.where(np.isnan(offered), nan, sal).astype(np.float32)
    else:
        out["salary"] = np.full(n, nan, dtype=np.float32)
    return out


def _location(index: JobIndex, pv: ProfileVectors, sel: Any, n: int) -> np.ndarray:
    remote = index.remote[sel]
    city = index.city[sel]
    country = index.country[sel]
    nan = np.float32(np.nan)
    known_person = pv.city != -2 or pv.country != -2 or len(pv.accepted_cities) > 0
    if known_person:
        same_city = (city >= 0) & ((city == pv.city) | np.isin(city, pv.accepted_cities))
        same_country = (country >= 0) & (country == pv.country)
        other_country = (country >= 0) & (pv.country != -2) & (country != pv.country)
        onsite = np.where(
            same_city, 1.0, np.where(same_country, 0.55, np.where(other_country, ABROAD_FIT, 0.5))
        )
        # A remote job is open within its country (or region): one in another country is as
        # far out of reach as an on-site job there.
        remote_fit = np.where(other_country, ABROAD_FIT, 1.0)
        loc = np.where(remote == REMOTE_CODE["yes"], remote_fit, onsite)
        # Hybrid in another city of the same country is harder than fully on-site news
        loc = np.where((remote == REMOTE_CODE["hybrid"]) & ~same_city & same_country, 0.45, loc)
    else:
        loc = np.where(remote == REMOTE_CODE["yes"], 1.0, nan)
    if pv.remote_pref == "remote":
        loc = loc * np.where(
            remote == REMOTE_CODE["yes"], 1.0, np.where(remote == REMOTE_CODE["hybrid"], 0.6, 0.3)
        )
        loc = np.where(np.isnan(loc) & (remote != REMOTE_CODE["yes"]), 0.3, loc)
    elif pv.remote_pref == "onsite":
        loc = loc * np.where(remote == REMOTE_CODE["yes"], 0.8, 1.0)
    return np.asarray(loc, dtype=np.float32).reshape(n)


def _weighted(
    parts: dict[str, np.ndarray], weights: dict[str, float], n: int
) -> tuple[np.ndarray, np.ndarray]:
    total = np.zeros(n, dtype=np.float32)
    wsum = np.zeros(n, dtype=np.float32)
    for name, w in weights.items():
        v = parts[name]
        ok = ~np.isnan(v)
        total += np.where(ok, v * w, 0)
        wsum += np.where(ok, w, 0)
    return total, wsum


def expected_grade(parts: dict[str, np.ndarray], n: int) -> np.ndarray:
    """The relevance model's expected grade (0..3) for each row."""
    z = np.zeros(n, dtype=np.float64)
    for name, w in zip(RELEVANCE_FEATURES, RELEVANCE_WEIGHTS, strict=True):
        value = parts[name].astype(np.float64)
        z += w * np.where(np.isnan(value), NEUTRAL.get(name, 0.0), value)
    grade = np.zeros(n, dtype=np.float64)
    for cut in GRADE_CUTS:
        grade += 1.0 / (1.0 + np.exp(cut - z))
    gap = parts["seniorityGap"]
    cap = np.where(
        gap >= 2, GRADE_CAP_TWO_RANKS_OFF, np.where(gap >= 1, GRADE_CAP_ONE_RANK_OFF, 3.0)
    )
    return np.minimum(grade, cap)


def combine(parts: dict[str, np.ndarray], n: int, *, stated: bool = True) -> np.ndarray:
    """Scores 0–100 (float32) from components. `stated`: the person said where and how they
    want to work (else fit weighs less)."""
    relevance = expected_grade(parts, n) / len(GRADE_CUTS)
    fit_t, fit_w = _weighted(parts, FIT_WEIGHTS, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = np.where(fit_w > 0, fit_t / fit_w, 1.0)
    w = FIT_INFLUENCE_STATED if stated else FIT_INFLUENCE_INFERRED
    return (100.0 * relevance * ((1.0 - w) + w * fit)).astype(np.float32)


def score_all(index: JobIndex, profile: CandidateProfile) -> np.ndarray:
    """The score of every job of the index for this person: one pass of array arithmetic."""
    if index.size == 0:
        return np.zeros(0, dtype=np.float32)
    pv = profile_vectors(index, profile)
    return combine(components(index, pv), index.size, stated=profile.states_place())


# --- one job, explained -----------------------------------------------------------------------


def _pct(value: float) -> int | None:
    return None if np.isnan(value) else round(float(value) * 100)


def explain_rows(index: JobIndex, profile: CandidateProfile, rows: list[int]) -> list[Match]:
    """Score, breakdown, matched and missing skills and reasons for a few rows."""
    if not rows:
        return []
    pv = profile_vectors(index, profile)
    arr = np.asarray(rows, dtype=np.int64)
    parts = components(index, pv, arr)
    scores = combine(parts, len(rows), stated=profile.states_place())
    out = []
    for k, row in enumerate(rows):
        breakdown = {name: _pct(parts[name][k]) for name in COMPONENTS}
        details = _skill_lists(index, row, pv)
        out.append(
            Match(
                score=round(float(scores[k])),
                score_breakdown=Breakdown(**breakdown),
                matched_skills=details["matchedSkills"],
                missing_skills=details["missingSkills"],
                missing_nice_to_have=details["missingNiceToHave"],
                reasons=_reasons(index, row, profile, pv, breakdown, details),
            )
        )
    return out


def _skill_lists(index: JobIndex, row: int, pv: ProfileVectors) -> dict[str, list[str]]:
    inv = _inverse(index)
    req = [
        inv[c]
        for c in index.required.indices[index.required.indptr[row] : index.required.indptr[row + 1]]
    ]
    nic = [inv[c] for c in index.nice.indices[index.nice.indptr[row] : index.nice.indptr[row + 1]]]
    matched = [s for s in req + nic if s in pv.skills]
    missing = [s for s in req if s not in pv.skills]
    return {
        "matchedSkills": matched,
        "missingSkills": missing,
        "missingNiceToHave": [s for s in nic if s not in pv.skills],
    }


def _inverse(index: JobIndex) -> list[str]:
    inv = getattr(index, "_skill_names", None)
    if inv is None:
        inv = [""] * len(index.skill_vocab)
        for name, i in index.skill_vocab.items():
            inv[i] = name
        index._skill_names = inv  # type: ignore[attr-defined]
    return inv


def _list(names: list[str], limit: int = 4) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _reasons(
    index: JobIndex,
    row: int,
    profile: CandidateProfile,
    pv: ProfileVectors,
    b: dict[str, int | None],
    d: dict[str, list[str]],
) -> list[str]:
    """Plain sentences, most important first, each backed by a component of the breakdown."""
    job = index.summaries[row]
    reasons: list[str] = []
    n_req = int(index.req_count[row])
    if b["skills"] is not None and n_req:
        have = n_req - len(d["missingSkills"])
        if n_req == 1:
            line = "You have the one required skill" if have else "You lack the one required skill"
        else:
            line = f"You have {have} of the {n_req} required skills"
        # The matched list has the required skills first, then the nice-to-haves.
        if have > 0:
            line += f" ({_list(d['matchedSkills'][:have])})"
        reasons.append(line)
        if d["missingSkills"]:
            reasons.append(f"Missing: {_list(d['missingSkills'])}")
    elif not pv.skills:
        reasons.append("Add skills to your profile or upload a resume to compare skills")
    if b["title"] is not None:
        target = bool(profile.target_role)
        role = profile.target_role or (profile.titles[0] if profile.titles else "")
        if b["title"] >= TITLE_MATCH:
            reasons.append(_title_reason(profile, str(job.get("title") or "")))
        elif b["title"] < 30 and role:
            what = "your target role" if target else "your recent roles"
            reasons.append(f"The title is far from {what} ({role})")
        elif role:
            what = "your target role" if target else "your recent roles"
            reasons.append(f"The title is partly like {what} ({role})")
    level = SENIORITY_LEVELS[int(index.level[row])]
    mine = SENIORITY_LEVELS[pv.level]
    if level == mine:
        reasons.append(f"{level.capitalize()}-level role, the level you work at")
    elif LEVEL[level] > pv.level:
        reasons.append(f"{level.capitalize()}-level role: a step up from {mine}")
    else:
        reasons.append(f"{level.capitalize()}-level role: below your {mine} level")
    asked = float(index.years_min[row])
    if not np.isnan(asked) and pv.years is not None:
        verb = "meets" if pv.years >= asked else "is short of"
        reasons.append(f"Asks for {asked:g}+ years; your {pv.years:g} {verb} that")
    remote = job.get("remote")
    where = job.get("location") or job.get("country") or "an unstated place"
    if remote == "yes":
        reasons.append(_remote_reason(index, row, pv))
    elif b["location"] is not None:
        if b["location"] >= 90:
            reasons.append(f"In {where}, where you want to work")
        elif b["location"] <= 30:
            reasons.append(f"In {where}, away from {profile.location or 'your location'}")
        else:
            says_hybrid = parse_location(where).remote == "hybrid"
            line = f"In {where}" + (" (hybrid)" if remote == "hybrid" and not says_hybrid else "")
            job_country = int(index.country[row])
            # A person with a city is not in it (same city scores 90 or more).
            if job_country >= 0 and job_country == pv.country and pv.city != -2:
                line += ", in your country but another city"
            reasons.append(line)
    if profile.remote == "remote" and remote != "yes":
        reasons.append("Not fully remote, which you asked for")
    sal = Salary.from_item(job.get("salary"))
    floor = profile.salary_floor()
    if sal is not None:
        line = f"Pays {sal.describe()}"
        if floor is not None and b["salary"] is not None:
            want = floor.describe().removeprefix("from ")
            met = b["salary"] >= 100
            line += f", {'meeting' if met else 'below'} your minimum of {want}"
        reasons.append(line)
    elif floor is not None:
        reasons.append("Salary not stated")
    return reasons


def _title_reason(profile: CandidateProfile, job_title: str) -> str:
    """Which of the person's titles the job title is closest to, and whether it is the same
    job: titles of one field share their words ("Data Engineer" and "Data Analyst" score
    high), so "matches" also needs the same role word (engineer, analyst, manager...)."""
    job_tokens = title_tokens(job_title)
    job_vec = title_vector(job_tokens)
    closest = max(
        _compared_titles(profile),
        key=lambda c: (
            c[0] * sum(w * job_vec.get(t, 0.0) for t, w in title_vector(title_tokens(c[1])).items())
        ),
    )
    _, title, is_target = closest
    what = "target role" if is_target else "experience"
    if _role_words(title_tokens(title)) == _role_words(job_tokens):
        return f"The title matches your {what} ({title})"
    return f"The title is close to your {what} ({title}) but names a different job"


def _role_words(tokens: list[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if t in GENERIC_TITLE_WORDS)


def _remote_reason(index: JobIndex, row: int, pv: ProfileVectors) -> str:
    """Where a remote job is open, said once: "Remote within France, not where you are"."""
    job = index.summaries[row]
    scope = country_name(job.get("country"))
    if scope:
        job_country = int(index.country[row])
        elsewhere = pv.country != -2 and job_country >= 0 and job_country != pv.country
        return f"Remote within {scope}" + (", not where you are" if elsewhere else "")
    place = place_without_mode(job.get("location"))
    return "Remote" + (f" ({place})" if place else "")


def score(profile: CandidateProfile, job: Job) -> Match:
    """Score one job (open or not). The ranker's figure for the same job is the same."""
    index = index_jobs([job.model_copy(update={"status": "open"})])
    return explain_rows(index, profile, [0])[0]
