"""A learning roadmap from one role to another, grounded in what target-role postings ask.

Importance of a skill is the share of target-role postings that ask for it (required counts
fully, nice-to-have half). Gaps are the important skills the person lacks, ordered by
importance, with any missing prerequisite placed before what depends on it. Weeks per skill
come from its category and shrink when the person already knows a related skill.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from core.jobs.index import JobIndex, role_postings
from core.jobs.score import related
from core.roadmap.model import Basis, Milestone, RequiredSkill, Roadmap, Timeline
from core.roadmap.prerequisites import (
    DEFAULT_OUTCOME,
    DEFAULT_WEEKS,
    OUTCOMES,
    PREREQUISITES,
    WEEKS_BY_CATEGORY,
)
from core.skills.taxonomy import canonical, category, skills_of_title
from core.text.plural import counted, plural

MIN_POSTINGS = 3
TOP_SKILLS = 15
MIN_IMPORTANCE = 0.15
MAX_GAPS = 8
MAX_SKILLS_PER_MILESTONE = 3
MAX_WEEKS_PER_MILESTONE = 10
HOURS_PER_WEEK = 10
TRANSFER = 0.6


def skill_importance(index: JobIndex, rows: np.ndarray) -> list[tuple[str, float]]:
    if rows.size == 0:
        return []
    req = np.asarray(index.required[rows].sum(axis=0)).ravel()
    nice = np.asarray(index.nice[rows].sum(axis=0)).ravel()
    weight = (req + 0.5 * nice) / rows.size
    names = [""] * len(index.skill_vocab)
    for name, i in index.skill_vocab.items():
        names[i] = name
    order = np.argsort(-weight)
    return [(names[i], float(min(weight[i], 1.0))) for i in order if weight[i] > 0]


def _weeks(skill: str, have: set[str]) -> int:
    base: float = WEEKS_BY_CATEGORY.get(category(skill) or "", DEFAULT_WEEKS)
    if any(r in have for r in related(skill)):
        base = base * TRANSFER
    return max(1, math.ceil(base))


def _order_gaps(
    gaps: list[tuple[str, float]], have: set[str]
) -> list[tuple[str, float, str | None]]:
    """Importance order, with each missing prerequisite pulled in front of its dependant.
    Returns (skill, importance, reason it was added or None)."""
    ordered: list[tuple[str, float, str | None]] = []
    placed: set[str] = set()

    def place(skill: str, importance: float, why: str | None, depth: int = 0) -> None:
        if skill in placed or skill in have or depth > 4:
            return
        for pre in PREREQUISITES.get(skill, ()):
            if pre not in have and pre not in placed:
                place(pre, importance, f"needed for {skill}", depth + 1)
        placed.add(skill)
        ordered.append((skill, importance, why))

    for skill, importance in gaps:
        place(skill, importance, None)
    return ordered


def build_roadmap(
    index: JobIndex,
    *,
    current_role: str | None,
    target_role: str,
    skills: list[str],
    source: Literal["ingested", "demo"] = "ingested",
) -> Roadmap:
    have = {canonical(s) or s.strip() for s in skills if s and s.strip()}
    # A current title implies its core skill ("Data Analyst" knows Data Analysis).
    if current_role:
        have.update(skills_of_title(current_role))
    rows = role_postings(index, target_role)
    importance = skill_importance(index, rows)
    top = [(s, w) for s, w in importance if w >= MIN_IMPORTANCE][:TOP_SKILLS]
    required = [RequiredSkill(name=s, importance=round(w * 100), have=s in have) for s, w in top]
    all_gaps = _order_gaps([(s, w) for s, w in top if s not in have], have)
    gaps, later = all_gaps[:MAX_GAPS], [s for s, _, _ in all_gaps[MAX_GAPS:]]

    milestones: list[Milestone] = []
    current: list[tuple[str, float, str | None]] = []
    weeks_so_far = 0

    def close_milestone() -> None:
        nonlocal current, weeks_so_far
        if not current:
            return
        names = [s for s, _, _ in current]
        cat = category(names[0]) or ""
        outcome = OUTCOMES.get(cat, DEFAULT_OUTCOME).format(skills=_join(names))
        milestones.append(
            Milestone(
                title=f"Learn {_join(names)}",
                weeks=weeks_so_far,
                skills=names,
                outcome=outcome,
                # Skills asked for equally often give the same reason: say it once.
                why=list(
                    dict.fromkeys(
                        why or f"asked for in {round(imp * 100)}% of {target_role} postings"
                        for _, imp, why in current
                    )
                ),
            )
        )
        current, weeks_so_far = [], 0

    for gap in gaps:
        w = _weeks(gap[0], have)
        if current and (
            len(current) >= MAX_SKILLS_PER_MILESTONE or weeks_so_far + w > MAX_WEEKS_PER_MILESTONE
        ):
            close_milestone()
        current.append(gap)
        weeks_so_far += w
    close_milestone()

    if milestones or rows.size:
        milestones.append(
            Milestone(
                title=f"Show it and apply for {target_role} roles",
                weeks=3,
                skills=[s for s, _ in top[:3]],
                outcome=(
                    f"A portfolio piece combining your strongest {target_role} skills, a "
                    "tailored resume, and applications to your best-matched postings"
                ),
                why=["turns what you learned into interviews"],
            )
        )
    total = sum(m.weeks for m in milestones)
    months = round(total / 4.35, 1)
    notes = []
    if rows.size < MIN_POSTINGS:
        found = int(rows.size)
        notes.append(
            f"Only {counted(found, 'posting')} for {target_role} {plural(found, 'was', 'were')} "
            "found; skill importance is a rough guide"
        )
    if current_role and index.size:
        sim = float(title_similarity_text(index, current_role, target_role))
        if sim < 0.3:
            notes.append(f"Moving from {current_role} to {target_role} is a career change")
    return Roadmap(
        current_role=current_role,
        target_role=target_role,
        timeline=Timeline(
            total_weeks=total,
            months=months,
            hours_per_week=HOURS_PER_WEEK,
            summary=(
                f"About {months:g} months at {HOURS_PER_WEEK} hours a week"
                if total
                else "You already have the skills target-role postings ask for most"
            ),
        ),
        required_skills=required,
        gaps=[s for s, _, _ in gaps],
        later_skills=later,
        milestones=milestones,
        basis=Basis(postings_analysed=int(rows.size), source=source),
        notes=notes,
    )


def title_similarity_text(index: JobIndex, a: str, b: str) -> float:
    """Similarity of two titles in the index's title space."""
    from core.jobs.index import title_vector
    from core.jobs.text import title_tokens

    va, vb = title_vector(title_tokens(a)), title_vector(title_tokens(b))
    return sum(w * vb.get(t, 0.0) for t, w in va.items())


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
