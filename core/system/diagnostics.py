"""A round trip through the queue: proves a worker picks up work and writes effects once."""

from __future__ import annotations

import os
import socket
import time

from core.clock import iso
from core.storage.port import ConditionFailed
from core.tasks.context import TaskContext
from core.tasks.repository import JsonObject


def run_diagnostics(ctx: TaskContext, *, delay_seconds: float) -> JsonObject:
    deadline = time.monotonic() + min(max(delay_seconds, 0.0), 30.0)
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))
    ctx.progress("writing", 90)
    effect = {
        "effectId": f"diagnostics:{ctx.task_id}",
        "userId": ctx.user_id,
        "kind": "diagnostics",
        "taskId": ctx.task_id,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "createdAt": iso(),
    }
    try:
        # Keyed by the task id: a redelivered task finds its effect already there.
        ctx.store.put("TaskEffects", effect, if_not_exists=True)
    except ConditionFailed:
        effect = ctx.store.get("TaskEffects", {"effectId": effect["effectId"]}) or effect
    return {"effectId": effect["effectId"], "worker": effect["worker"]}
