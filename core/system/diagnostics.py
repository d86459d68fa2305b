"""A round trip through the queue: proves a worker picks up work and writes effects once."""

from __future__ import annotations

import os
import socket
import time

from core.clock import iso
from core.tasks.context import TaskContext
from core.tasks.repository import JsonObject, TaskEffect, TaskParams, record_effect


class DiagnosticsParams(TaskParams):
    delay_seconds: float = 0.0


def run_diagnostics(ctx: TaskContext, *, delay_seconds: float) -> JsonObject:
    deadline = time.monotonic() + min(max(delay_seconds, 0.0), 30.0)
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))
    ctx.progress("writing", 90)
    effect = record_effect(
        ctx.store,
        TaskEffect(
            effect_id=f"diagnostics:{ctx.task_id}",
            user_id=ctx.user_id,
            kind="diagnostics",
            task_id=ctx.task_id,
            worker=f"{socket.gethostname()}:{os.getpid()}",
            created_at=iso(),
        ),
    )
    return {"effectId": effect.effect_id, "worker": effect.worker}
