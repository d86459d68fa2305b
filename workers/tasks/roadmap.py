"""The career roadmap task."""

from __future__ import annotations

from typing import Any

from core.roadmap.service import generate_roadmap
from core.tasks.context import TaskContext
from core.tasks.registry import task_handler


@task_handler("roadmap.generate")
def generate(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    ctx.progress("analysing postings", 10)
    roadmap = generate_roadmap(
        ctx.store,
        ctx.llm,
        current_role=params.get("currentRole"),
        target_role=params.get("targetRole") or "",
        skills=params.get("skills") or [],
        user_id=ctx.user_id,
    )
    return roadmap.to_item()
