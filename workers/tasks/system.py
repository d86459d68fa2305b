from __future__ import annotations

from typing import Any

from core.system.diagnostics import run_diagnostics
from core.tasks.context import TaskContext
from core.tasks.registry import task_handler


@task_handler("system.diagnostics")
def diagnostics(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    return run_diagnostics(ctx, delay_seconds=float(params.get("delaySeconds", 0)))
