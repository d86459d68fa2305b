from __future__ import annotations

from core.system.diagnostics import DiagnosticsParams, run_diagnostics
from core.tasks.context import TaskContext
from core.tasks.registry import task_handler
from core.tasks.repository import JsonObject


@task_handler("system.diagnostics")
def diagnostics(ctx: TaskContext, params: JsonObject) -> JsonObject:
    delay = DiagnosticsParams.read("system.diagnostics", params).delay_seconds
    return run_diagnostics(ctx, delay_seconds=delay)
