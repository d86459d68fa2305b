"""A learning roadmap, as the roadmap task answers it and the command line prints it.

Optional parts appear only once filled in: a milestone has `resources` only when a language
model suggested some, and a resource only the details the model gave."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from core.values import Value

ResourceKind = Literal["course", "book", "docs", "project", "certification", "practice"]


class RequiredSkill(Value):
    name: str
    importance: int  # share of target-role postings asking for it, 0..100
    have: bool


class Resource(Value):
    title: str
    kind: str | None = None
    url: str | None = None


class Milestone(Value):
    title: str
    weeks: int
    skills: list[str]
    outcome: str
    why: list[str] = Field(default_factory=list)
    resources: list[Resource] | None = None


class Timeline(Value):
    total_weeks: int
    months: float
    hours_per_week: int
    summary: str


class Basis(Value):
    postings_analysed: int
    source: Literal["ingested", "demo"]


class Roadmap(Value):
    current_role: str | None = None
    target_role: str
    timeline: Timeline
    required_skills: list[RequiredSkill]
    gaps: list[str]
    later_skills: list[str]
    milestones: list[Milestone]
    basis: Basis
    notes: list[str]
    narrative: str | None = None
    generated_by: Literal["rules", "llm"] = "rules"

    def to_item(self) -> dict[str, Any]:
        """The JSON form; parts never filled in are left out rather than null."""
        return self.model_dump(by_alias=True, mode="json", exclude_unset=True)
