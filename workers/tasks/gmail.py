"""Gmail tasks: scan one account; fan out one scan per connected account (the schedule)."""

from __future__ import annotations

import time
from typing import Any

from core.gmail.accounts import SCAN_TASK, require_configured
from core.gmail.lease import AccountLease, scan_lock_key
from core.gmail.ports import ScanLock
from core.gmail.scan import fan_out, scan_account
from core.tasks.context import TaskContext
from core.tasks.errors import GiveUp
from core.tasks.registry import task_handler
from core.tasks.runs import enqueue_run
from integrations.redis_lease import RedisLease

# The lock outlives a stalled worker by this much; a live scan renews it after every batch.
LOCK_TTL_SECONDS = 120
# Share of the soft time limit a run spends scanning before it hands the rest to a new run.
BUDGET_SHARE = 0.6


def _lock(ctx: TaskContext, user_id: str) -> ScanLock:
    if ctx.redis is not None:
        return RedisLease(ctx.redis, scan_lock_key(user_id), ctx.task_id, LOCK_TTL_SECONDS)
    return AccountLease(ctx.store, user_id, ctx.task_id, LOCK_TTL_SECONDS)


@task_handler(SCAN_TASK)
def scan(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    user_id = params.get("userId")
    if not user_id:
        raise GiveUp("gmail.scan needs a userId")
    require_configured(ctx.settings)
    deadline = time.monotonic() + ctx.settings.task_soft_time_limit_seconds * BUDGET_SHARE
    result = scan_account(
        ctx.store,
        ctx.gmail,
        ctx.cipher,
        _lock(ctx, str(user_id)),
        str(user_id),
        llm=ctx.llm,
        deadline=deadline,
        progress=ctx.progress,
    )
    out = result.to_json()
    if not result.complete and result.status == "ok":
        follow_up = enqueue_run(
            ctx.store, ctx.queue, user_id=str(user_id), kind=SCAN_TASK, params={"userId": user_id}
        )
        out["continuedIn"] = follow_up["taskId"]
    return out


@task_handler("gmail.scan_all")
def scan_all(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    if not (ctx.settings.google_client_id and ctx.settings.google_client_secret):
        return {"enqueued": 0, "failed": 0, "skipped": "Gmail is not configured"}
    return fan_out(ctx.store, ctx.queue)
