from __future__ import annotations

from typing import Any

from core.resume.service import run_analysis
from core.tasks.context import TaskContext
from core.tasks.registry import task_handler


@task_handler("resume.analyze")
def analyze(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any] | None:
    summary = run_analysis(
        store=ctx.store,
        blobs=ctx.blobs,
        llm=ctx.llm,
        settings=ctx.settings,
        resume_id=str(params["resumeId"]),
        version_number=int(params["versionNumber"]),
        progress=ctx.progress,
        task_id=ctx.task_id,
    )
    return summary.to_item() if summary is not None else None
