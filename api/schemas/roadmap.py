"""What the API takes to build a career roadmap (the roadmap itself is the task's result)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.base import RequestModel


class RoadmapIn(RequestModel):
    current_role: str | None = Field(default=None, max_length=200)
    target_role: str = Field(min_length=1, max_length=200)
    skills: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=100
    )
